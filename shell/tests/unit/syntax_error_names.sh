# syntax errors name the line and the token, also deep inside a script
echo ok
if true
then
  echo in
  done
fi
