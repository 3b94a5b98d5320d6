"""pandas: figure definitions, frames, Excel export."""
