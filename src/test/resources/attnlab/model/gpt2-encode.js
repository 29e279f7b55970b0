// The oracle of HfTokenizerGpt2Test: the npm package gpt-3-encoder's own encode/decode (OpenAI's GPT-2 encoder.py
// ported to JavaScript). Usage: node gpt2-encode.js PACKAGE_DIR IN.json OUT.json
// IN is a JSON array of strings. OUT holds, for each string, its ids and each id decoded alone.
// The package knows no special tokens: it would spell "<|endoftext|>" as "<|", "endoftext", "|>". Hugging Face's
// tokenizer (and GPT-2's training data) treats it as the one token 50256, splitting the text around it first and
// encoding each piece on its own; this script does the same with the package's encode.
const fs = require('fs');
const path = require('path');
const { encode, decode } = require(path.resolve(process.argv[2], 'Encoder.js'));
const EOT = '<|endoftext|>', EOT_ID = 50256;
const texts = JSON.parse(fs.readFileSync(process.argv[3], 'utf-8'));
const out = texts.map(text => {
  const ids = [];
  text.split(EOT).forEach((piece, i) => {
    if (i > 0) ids.push(EOT_ID);
    if (piece.length > 0) ids.push(...encode(piece));
  });
  const pieces = ids.map(id => id === EOT_ID ? EOT : decode([id]));
  return { ids, pieces };
});
fs.writeFileSync(process.argv[4], JSON.stringify(out));
