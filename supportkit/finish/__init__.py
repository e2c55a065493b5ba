"""Finishing the built folder, whatever wrote it: CSS, trimming, the kiosk's changes, the page policy, safety checks, compression."""
