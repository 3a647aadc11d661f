;; A chain of 900 nested calls that do nothing else, n times.
  (func $down (param $depth i32) (result i32)
    (if (result i32) (local.get $depth)
      (then (call $down (i32.sub (local.get $depth) (i32.const 1))))
      (else (i32.const 0))))
  (func $work (param $n i32) (result i64) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $down (i32.const 900))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.extend_i32_u (local.get $acc)))
