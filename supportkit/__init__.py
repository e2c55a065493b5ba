"""The stalking and harassment support-section kit's Python code.

One thin MkDocs layer (plugin.py) over small modules that each do one job:

    errors.py      the one error family: KitError names the file, the key, the problem and the fix
    schema.py      generic validation: records from YAML, with line numbers in every error
    config.py      the kit's own options, validated once into an Edition
    contacts.py    the contacts data, phone numbers and opening hours in words
    checklist.py   the risk checklist's question file
    strings.py     one strings file per language (strings/<lang>.yml)
    assets.py      the components' scripts and styles, minified, with content hashes in their names
    brand.py       an organisation's colours (extra.brand): contrast checks and CSS variables
    node.py        the npm tools the build runs with Node.js (PurgeCSS, Terser)
    cache.py       results kept in .cache/ by a hash of their inputs (stylesheet, scripts, .gz copies,
                   compiled templates)
    css.py         one stylesheet per edition with only the rules its pages can use (PurgeCSS, purge.mjs)
    css_parts.py   the web edition's stylesheet in a shared sheet and parts for tables and note boxes
    trim.py        the web edition's pages without the templates' indentation
    csp.py         the Content-Security-Policy, from the hashes of the built pages' inline scripts and styles
    pages.py       page macros ({{ phone("police") }}), rendered in a sandbox
    tables.py      each Markdown table in a region that scrolls sideways on a phone
    plugin.py      the MkDocs plugin that ties it together
    output.py      output folders written all at once, with ordinary permissions
    build.py       `make site` and `make kiosk` (python -m supportkit build|kiosk)
    kiosk.py       what makes the kiosk edition different
    leaflets.py    `make leaflets`: PDFs from the built site
    precompress.py a reproducible .gz beside each text file of the web edition
    hosting.py     `make hosting`: nginx, Apache, IIS and _headers recipes with the same headers
    serve.py       `make serve`: the built site on loopback with those headers, built again on changes
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent     # the kit's folder: mkdocs.yml, docs/, components/
COMPONENTS = ROOT / "components"
OVERRIDES = ROOT / "overrides"
STRINGS = ROOT / "strings"
