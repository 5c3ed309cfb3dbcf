"""Ticket printing: render the ticket as an image (every Vietnamese diacritic prints), send it as raster."""
