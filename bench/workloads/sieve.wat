;; The sieve of Eratosthenes: the number of primes below n (n at most 60000), flags at 4096.
  (func $work (param $n i32) (result i64) (local $i i32) (local $j i32) (local $count i64)
    (local.set $i (i32.const 0))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store offset=4096 (local.get $i) (i64.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $clear)))
    (local.set $i (i32.const 2))
    (block $done
      (loop $candidates
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u offset=4096 (local.get $i)))
          (then
            (local.set $count (i64.add (local.get $count) (i64.const 1)))
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $marked
              (loop $multiples
                (br_if $marked (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 offset=4096 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $multiples)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $candidates)))
    (local.get $count))
