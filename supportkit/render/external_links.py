"""Markdown extension: every link to another site gets rel="noreferrer noopener".

Listed in mkdocs.yml as `kit.external_links`. A plain Python-Markdown
extension, so it works with any Markdown-based builder.
"""
from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _ExternalLinks(Treeprocessor):
    def run(self, root):
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith(("http://", "https://", "//")):
                rel = set((a.get("rel") or "").split()) | {"noreferrer", "noopener"}
                a.set("rel", " ".join(sorted(rel)))


class ExternalLinksExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_ExternalLinks(md), "kit_external_links", 0)


def makeExtension(**kwargs):
    return ExternalLinksExtension(**kwargs)
