# set -o pipefail: a pipeline fails if any command in it fails
false | true
echo "plain: $?"
set -o pipefail
false | true
echo "pipefail: $?"
true | (exit 3) | true
echo "middle: $?"
true | true
echo "all ok: $?"
set +o pipefail
false | true
echo "off again: $?"
