# param_nested: a differential test (param), compared with dash.
x=hello
unset y
echo ${y:-${x}world} ${y:-"$x quoted"} ${y:-'$x single'}
