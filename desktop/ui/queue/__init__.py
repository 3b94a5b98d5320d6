"""The Queue area (排队叫号): the window clerk's call panel and the director's live view, plus what the
kiosk and the hall display share with them."""
