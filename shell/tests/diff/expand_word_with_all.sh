# expand_word_with_all: a differential test (expand), compared with dash.
HOME=/h
x=mid
echo ~/"$x"'$lit'$(echo sub)$((1+1))\*
