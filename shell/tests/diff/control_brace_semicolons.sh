# control_brace_semicolons: a differential test (control), compared with dash.
{ echo a; echo b; }; { echo c
}
