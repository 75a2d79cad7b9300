# deep_nesting: a differential test (deep), compared with dash.
if true; then if true; then if true; then if true; then if true; then
echo deep
fi; fi; fi; fi; fi
echo $( echo $( echo $( echo $( echo nested5 ) ) ) )
