"""Rendering: page macros, the components' templates and files, and the Markdown extensions the generator runs."""
