;; memory.copy of 60,000 bytes, n times.
  (func $work (param $n i32) (result i64) (local $i i32)
    (i64.store (i32.const 4096) (i64.const 0x0123456789abcdef))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (memory.copy (i32.add (i32.const 69632) (i32.and (local.get $i) (i32.const 7))) (i32.const 4096) (i32.const 60000))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.load (i32.const 69632)))
