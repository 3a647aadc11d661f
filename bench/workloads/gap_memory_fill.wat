;; memory.fill over 64 KiB, n times.
  (func $work (param $n i32) (result i64) (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (memory.fill (i32.const 4096) (local.get $i) (i32.const 65536))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.load (i32.const 4096)))
