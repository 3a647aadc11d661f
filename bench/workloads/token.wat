;; An ERC20-like transfer. Input: the recipient (32 bytes) and the amount (u64, little-endian).
;; Balances are 16-byte values under "bal" ++ account; `deploy` mints 10^18 to the deployer.
;; A transfer reads both balances, writes both, and logs (from, to) with the amount.
  (data (i32.const 1024) "bal")
  (data (i32.const 1088) "bal")
  (func $deploy
    (call $caller (i32.const 1027))
    (i64.store (i32.const 1168) (i64.const 1000000000000000000))
    (call $storage_set (i32.const 1024) (i32.const 35) (i32.const 1168) (i32.const 16)))
  (func $main (local $amount i64) (local $from i64)
    (drop (call $input (i32.const 1200) (i32.const 40)))
    (call $copy32 (i32.const 1091) (i32.const 1200))
    (local.set $amount (i64.load (i32.const 1232)))
    (call $caller (i32.const 1027))
    (drop (call $storage_get (i32.const 1024) (i32.const 35) (i32.const 1168) (i32.const 16)))
    (i64.store (i32.const 1184) (i64.const 0))
    (drop (call $storage_get (i32.const 1088) (i32.const 35) (i32.const 1184) (i32.const 16)))
    (local.set $from (i64.load (i32.const 1168)))
    (if (i64.lt_u (local.get $from) (local.get $amount)) (then (unreachable)))
    (i64.store (i32.const 1168) (i64.sub (local.get $from) (local.get $amount)))
    (i64.store (i32.const 1184) (i64.add (i64.load (i32.const 1184)) (local.get $amount)))
    (call $storage_set (i32.const 1024) (i32.const 35) (i32.const 1168) (i32.const 16))
    (call $storage_set (i32.const 1088) (i32.const 35) (i32.const 1184) (i32.const 16))
    (call $log2 (i32.const 1027) (i32.const 1091) (i32.const 1232) (i32.const 8)))
