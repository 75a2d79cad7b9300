# eval_basic: a differential test (eval), compared with dash.
x='echo evaluated'
eval $x
eval 'y=5; echo $y'
cmd='for i in 1 2; do echo $i; done'
eval "$cmd"
