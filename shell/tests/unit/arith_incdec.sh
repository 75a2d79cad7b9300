# ++ and -- before and after a variable in $(( ))
i=5
echo $((i++)) $i
echo $((++i)) $i
echo $((i--)) $i
echo $((--i)) $i
echo $((2 - -1))
