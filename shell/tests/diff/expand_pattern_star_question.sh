# expand_pattern_star_question: a differential test (expand), compared with dash.
x=aXbXc
echo ${x#*X} ${x##*X} ${x%X*} ${x%%X*} ${x#?} ${x%??}
