"""The Fahrplan of Kapitel 5.1, tracked in the Mappe (``core``) and as an iCalendar file (``ics``)."""
