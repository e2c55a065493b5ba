// The components' scripts minified with Terser (supportkit/render/assets.py starts it
// with node; Terser is pinned in package.json). Reads one JSON object on stdin,
// {name: source}, and writes {name: minified} to stdout. Each script is an ES5
// function expression run at once, so only names inside it are shortened; what
// it reads from the page (data- attributes, classes, ids) is in strings and
// stays as written. Comments go, license comments too (the kit's own files).
import { minify } from "terser";

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const sources = JSON.parse(input);

const out = {};
for (const [name, code] of Object.entries(sources)) {
  const result = await minify({ [name]: code }, {
    ecma: 5,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  out[name] = result.code;
}
process.stdout.write(JSON.stringify(out));
