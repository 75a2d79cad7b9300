# read -t gives up after the time, with status above 128; REPLY when no name is given
sleep 1 | { read -t 0.2 x; echo "timed out: $? [$x]"; }
echo '  spaced  ' | { read; echo "[$REPLY]"; }
echo 'word' | { read -t 2 y; echo "in time: $? [$y]"; }
