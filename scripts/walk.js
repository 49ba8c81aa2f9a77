'use strict';
const fs = require('fs');
const path = require('path');

/** Every file below `dir`, in sorted (stable) order; the scripts' one directory walk. */
function walk(dir) {
  const out = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = fs.statSync(p);
    if (st.isDirectory()) out.push(...walk(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

module.exports = { walk };
