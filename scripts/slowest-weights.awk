# Assembles a weights file from the weights files of several benchmark runs rendered by
# scripts/frame-weight-template.hbs: the first run's file, with every weight function taken from
# the run that was the slowest at its benchmark.
#
#   awk -f scripts/slowest-weights.awk SLOWEST weights-1.rs weights-2.rs ...
#
# SLOWEST holds `benchmark<TAB>run` lines (scripts/slowest-run.jq). A weight function is the
# block of lines of an `impl` that ends with a line `\t}`.
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
	for (i = 1; i <= lines; i++) {
		if (!(i in function_name)) {
			print skeleton[i]
			continue
		}
		name = function_name[i]
		if (!(name in slowest)) {
			print "slowest-weights: no run chosen for " name > "/dev/stderr"
			exit 1
		}
		printf "%s", blocks[slowest[name], function_impl[i], name]
	}
}
