"""What every stage stands on: errors, the build's cache, the npm tools, output folders written all at once."""
