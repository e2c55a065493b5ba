// The CSS step's PurgeCSS run (supportkit/finish/css.py starts it with node; PurgeCSS
// is pinned in package.json). Reads one JSON object on stdin and writes the
// stylesheet without the rules no page can use to stdout:
//   css        the edition's one stylesheet (Material's, the kit's, the checklist's, in cascade order)
//   sets       what the pages' markup holds, read by supportkit/finish/css.py:
//              {tags, classes, ids, attributes: {names, values}}
//   scripts    the text of every script the pages run, read word by word (PurgeCSS's
//              default extractor), so a class or attribute value a script adds keeps its rules
//   safelist   {standard, deep, greedy, variables}: regular expressions, as source text
//   dynamic    attribute names whose rules are always kept (scripts change them)
// Custom properties, @keyframes and @font-face nothing uses go too; then the rules
// and at-rules left empty.
import postcss from "postcss";
import { PurgeCSS } from "purgecss";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const regexps = (list) => (list || []).map((source) => new RegExp(source));

const [result] = await new PurgeCSS().purge({
  css: [{ raw: job.css }],
  content: [
    { raw: JSON.stringify(job.sets), extension: "kitsets" },
    ...job.scripts.map((raw) => ({ raw, extension: "js" })),
  ],
  extractors: [{ extensions: ["kitsets"], extractor: (raw) => JSON.parse(raw) }],
  safelist: {
    standard: regexps(job.safelist.standard),
    deep: regexps(job.safelist.deep),
    greedy: regexps(job.safelist.greedy),
    variables: regexps(job.safelist.variables),
  },
  dynamicAttributes: job.dynamic || [],
  variables: true,
  keyframes: true,
  fontFace: true,
});

const root = postcss.parse(result.css);
let emptied = true;
while (emptied) {
  emptied = false;
  root.walk((node) => {
    if ((node.type === "rule" || (node.type === "atrule" && node.nodes)) && node.nodes.length === 0) {
      node.remove();
      emptied = true;
    }
  });
}
process.stdout.write(root.toString());
