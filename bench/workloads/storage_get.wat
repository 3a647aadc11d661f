;; Storage reads: `deploy` writes 10 keys ("key" ++ index) of 32 bytes; every call reads them all.
  (data (i32.const 1024) "key")
  (func $deploy (local $i i32)
    (loop $keys
      (i32.store8 (i32.const 1027) (local.get $i))
      (call $storage_set (i32.const 1024) (i32.const 4) (i32.const 1036) (i32.const 32))
      (br_if $keys (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10)))))
  (func $main (local $i i32)
    (loop $keys
      (i32.store8 (i32.const 1027) (local.get $i))
      (drop (call $storage_get (i32.const 1024) (i32.const 4) (i32.const 1036) (i32.const 32)))
      (br_if $keys (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10)))))
