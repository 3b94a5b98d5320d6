"""Room scheduling: the day and week calendar with the rooms as columns, booking and finding a slot."""
