# Assembles a weights file from the weights files of several benchmark runs rendered by
# scripts/frame-weight-template.hbs: the first run's file, with every weight function taken from
# the run that was the slowest at its benchmark.
#
#   awk -v margin=1.10 -f scripts/slowest-weights.awk SLOWEST weights-1.rs weights-2.rs ...
#
# SLOWEST holds `benchmark<TAB>run` lines (scripts/slowest-run.jq). A weight function is the
# block of lines of an `impl` that ends with a line `\t}`. Every `ref_time` (the first argument
# of `Weight::from_parts`) is multiplied by `margin` and rounded up; `@MARGIN@` in the header
# becomes the margin.
BEGIN {
	if (margin !~ /^[0-9]+(\.[0-9][0-9]?)?$/ || margin + 0 < 1) {
		print "slowest-weights: the margin must be a number of at least 1 with at most two decimals, not " margin > "/dev/stderr"
		invalid = 1
		exit 1
	}
	# In hundredths, so that the products are whole numbers, exact in awk's doubles.
	hundredths = int(margin * 100 + 0.5)
}
FNR == 1 { file++; impls = 0; inside = 0 }
file == 1 { slowest[$1] = $2; next }
{ run = file - 1 }
/^impl/ {
	impls++
	inside = 1
	block = ""
	if (run == 1) skeleton[++lines] = $0
	next
}
inside && /^}/ {
	inside = 0
	if (run == 1) skeleton[++lines] = $0
	next
}
inside {
	block = block $0 "\n"
	if (match($0, /^\tfn [a-z0-9_]+/)) name = substr($0, 5, RLENGTH - 4)
	if ($0 == "\t}") {
		blocks[run, impls, name] = block
		if (run == 1) {
			lines++
			function_impl[lines] = impls
			function_name[lines] = name
		}
		block = ""
	}
	next
}
run == 1 { skeleton[++lines] = $0 }
END {
	if (invalid) exit 1
	for (i = 1; i <= lines; i++) {
		if (!(i in function_name)) {
			line = skeleton[i]
			sub(/@MARGIN@/, margin, line)
			print line
			continue
		}
		name = function_name[i]
		if (!(name in slowest)) {
			print "slowest-weights: no run chosen for " name > "/dev/stderr"
			exit 1
		}
		printf "%s", with_margin(blocks[slowest[name], function_impl[i], name])
	}
}

# `text` with the first argument of every `Weight::from_parts(` times the margin, rounded up.
function with_margin(text,   out, number, value) {
	out = ""
	while (match(text, /Weight::from_parts\([0-9_]+,/)) {
		number = substr(text, RSTART + 19, RLENGTH - 20)
		gsub(/_/, "", number)
		value = int((number * hundredths + 99) / 100)
		out = out substr(text, 1, RSTART + 18) grouped(sprintf("%.0f", value)) ","
		text = substr(text, RSTART + RLENGTH)
	}
	return out text
}

# The decimal `digits` grouped by thousands with `_`, as the benchmark CLI writes numbers.
function grouped(digits,   out) {
	out = ""
	while (length(digits) > 3) {
		out = "_" substr(digits, length(digits) - 2) out
		digits = substr(digits, 1, length(digits) - 3)
	}
	return digits out
}
