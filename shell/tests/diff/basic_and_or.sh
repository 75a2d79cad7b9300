# basic_and_or: a differential test (basic), compared with dash.
true && echo and-ok
false && echo and-bad
false || echo or-ok
true || echo or-bad
false || false || echo chain
true && false || echo mixed
