"""The editions and outputs (web, kiosk, leaflets, hosting recipes, the preview server) and the commands that make them."""
