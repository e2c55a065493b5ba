"""The stalking and harassment support-section kit's Python code, one folder per
stage, in the order the data flows. A module imports only from its own stage or
a lower one (tests/test_layout.py).

core/       what every stage stands on
    errors.py      the one error family: KitError names the file, the key, the problem and the fix
    cache.py       results kept in .cache/ by a hash of their inputs (stylesheet, scripts, .gz copies,
                   compiled templates)
    node.py        the npm tools the build runs with Node.js (PurgeCSS, Terser)
    output.py      output folders written all at once, with ordinary permissions
load/       loading and checking, once, into a read-only Edition
    schema.py      generic validation: records from YAML, with line numbers in every error
    config.py      the kit's own options, validated once into an Edition
    contacts.py    the contacts data, phone numbers and opening hours in words
    checklist.py   the risk checklist's question file
    strings.py     one strings file per language (strings/<lang>.yml)
    brand.py       an organisation's colours (extra.brand): contrast checks and CSS variables
    opening.py     opening hours as data for the open-now status, bank holidays, clock changes
render/     from the Edition and the Markdown to the generator's pages
    macros.py      page macros ({{ phone("police") }}), rendered in a sandbox
    components.py  the components' templates (components/*/), autoescaped
    assets.py      the components' scripts and styles, minified, with content hashes in their names
    statuses.py    the open-now status after the sentence it belongs to
    tables.py      each Markdown table in a region that scrolls sideways on a phone
    external_links.py  rel="noreferrer noopener" on every link out (a Markdown extension)
finish/     the built folder, whatever wrote it
    css.py, css_parts.py, selectors.py  one stylesheet per edition with only the rules its pages can use
    trim.py        the web edition's pages without the templates' indentation
    kiosk.py       the kiosk's offline search, links as text and QR codes, the welcome page
    csp.py         the Content-Security-Policy, from the hashes of the built pages' inline scripts and styles
    safety.py      what no built page may hold
    precompress.py a reproducible .gz beside each text file of the web edition
editions/   the editions and outputs, and the commands that make them
    web.py         `make site` (python -m supportkit site)
    kiosk.py       `make kiosk`: the kiosk edition, zipped
    leaflets.py, leaflet_pdf.py, booklet.py  `make leaflets`: PDFs from the built site
    hosting.py     `make hosting`: nginx, Apache, IIS and _headers recipes with the same headers
    serve.py       `make serve`: the built site on loopback with those headers, built again on changes
    cli.py, run.py the commands, and what a failure prints
bench/      `make bench`
plugin.py   the MkDocs plugin that ties it together
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent     # the kit's folder: mkdocs.yml, docs/, components/
COMPONENTS = ROOT / "components"
OVERRIDES = ROOT / "overrides"
STRINGS = ROOT / "strings"
