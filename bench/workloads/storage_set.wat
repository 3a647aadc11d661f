;; Storage writes: every call writes 10 keys ("key" ++ index) of 32 bytes each.
  (data (i32.const 1024) "key")
  (func $deploy)
  (func $main (local $i i32)
    (drop (call $input (i32.const 1100) (i32.const 4)))
    (loop $keys
      (i32.store8 (i32.const 1027) (local.get $i))
      (i64.store (i32.const 1036) (i64.load (i32.const 1100)))
      (call $storage_set (i32.const 1024) (i32.const 4) (i32.const 1036) (i32.const 32))
      (br_if $keys (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10)))))
