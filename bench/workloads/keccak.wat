;; Keccak-256 written in WebAssembly: hashes `n` bytes of a fixed pattern and returns the first
;; 8 bytes of the digest. Memory: the state at 512, C/D lanes at 768, tables from 1024, the
;; digest at 1344, the data at 4096.
  ;; Keccak-f[1600] tables: round constants (1024), rotations (1280), lane permutation (1312).
  (data (i32.const 1024) "\01\00\00\00\00\00\00\00\82\80\00\00\00\00\00\00\8a\80\00\00\00\00\00\80\00\80\00\80\00\00\00\80\8b\80\00\00\00\00\00\00\01\00\00\80\00\00\00\00\81\80\00\80\00\00\00\80\09\80\00\00\00\00\00\80\8a\00\00\00\00\00\00\00\88\00\00\00\00\00\00\00\09\80\00\80\00\00\00\00\0a\00\00\80\00\00\00\00\8b\80\00\80\00\00\00\00\8b\00\00\00\00\00\00\80\89\80\00\00\00\00\00\80\03\80\00\00\00\00\00\80\02\80\00\00\00\00\00\80\80\00\00\00\00\00\00\80\0a\80\00\00\00\00\00\00\0a\00\00\80\00\00\00\80\81\80\00\80\00\00\00\80\80\80\00\00\00\00\00\80\01\00\00\80\00\00\00\00\08\80\00\80\00\00\00\80")
  (data (i32.const 1280) "\01\03\06\0a\0f\15\1c\24\2d\37\02\0e\1b\29\38\08\19\2b\3e\12\27\3d\14\2c")
  (data (i32.const 1312) "\0a\07\0b\11\12\03\05\10\08\15\18\04\0f\17\13\0d\0c\02\14\0e\16\09\06\01")
  (func $keccak_f (local $round i32) (local $x i32) (local $y i32) (local $i i32) (local $p i32)
    (local $t i64) (local $d i64) (local $tmp i64)
    (local $b0 i64) (local $b1 i64) (local $b2 i64) (local $b3 i64) (local $b4 i64)
    (loop $rounds
      ;; theta: C[x] = A[x] ^ A[x+5] ^ A[x+10] ^ A[x+15] ^ A[x+20]
      (local.set $x (i32.const 0))
      (loop $columns
        (local.set $p (i32.add (i32.const 512) (i32.shl (local.get $x) (i32.const 3))))
        (i64.store offset=768 (i32.shl (local.get $x) (i32.const 3))
          (i64.xor (i64.xor (i64.xor (i64.xor
            (i64.load (local.get $p)) (i64.load offset=40 (local.get $p)))
            (i64.load offset=80 (local.get $p))) (i64.load offset=120 (local.get $p)))
            (i64.load offset=160 (local.get $p))))
        (br_if $columns (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 5))))
      ;; A[x+5y] ^= C[x-1] ^ rotl(C[x+1], 1)
      (local.set $x (i32.const 0))
      (loop $mix
        (local.set $d (i64.xor
          (i64.load offset=768 (i32.shl (i32.rem_u (i32.add (local.get $x) (i32.const 4)) (i32.const 5)) (i32.const 3)))
          (i64.rotl
            (i64.load offset=768 (i32.shl (i32.rem_u (i32.add (local.get $x) (i32.const 1)) (i32.const 5)) (i32.const 3)))
            (i64.const 1))))
        (local.set $p (i32.add (i32.const 512) (i32.shl (local.get $x) (i32.const 3))))
        (i64.store (local.get $p) (i64.xor (i64.load (local.get $p)) (local.get $d)))
        (i64.store offset=40 (local.get $p) (i64.xor (i64.load offset=40 (local.get $p)) (local.get $d)))
        (i64.store offset=80 (local.get $p) (i64.xor (i64.load offset=80 (local.get $p)) (local.get $d)))
        (i64.store offset=120 (local.get $p) (i64.xor (i64.load offset=120 (local.get $p)) (local.get $d)))
        (i64.store offset=160 (local.get $p) (i64.xor (i64.load offset=160 (local.get $p)) (local.get $d)))
        (br_if $mix (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 5))))
      ;; rho and pi
      (local.set $t (i64.load (i32.const 520)))
      (local.set $i (i32.const 0))
      (loop $lanes
        (local.set $p (i32.add (i32.const 512) (i32.shl (i32.load8_u offset=1312 (local.get $i)) (i32.const 3))))
        (local.set $tmp (i64.load (local.get $p)))
        (i64.store (local.get $p) (i64.rotl (local.get $t) (i64.load8_u offset=1280 (local.get $i))))
        (local.set $t (local.get $tmp))
        (br_if $lanes (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 24))))
      ;; chi
      (local.set $y (i32.const 0))
      (loop $rows
        (local.set $p (i32.add (i32.const 512) (i32.mul (local.get $y) (i32.const 40))))
        (local.set $b0 (i64.load (local.get $p)))
        (local.set $b1 (i64.load offset=8 (local.get $p)))
        (local.set $b2 (i64.load offset=16 (local.get $p)))
        (local.set $b3 (i64.load offset=24 (local.get $p)))
        (local.set $b4 (i64.load offset=32 (local.get $p)))
        (i64.store (local.get $p) (i64.xor (local.get $b0) (i64.and (i64.xor (local.get $b1) (i64.const -1)) (local.get $b2))))
        (i64.store offset=8 (local.get $p) (i64.xor (local.get $b1) (i64.and (i64.xor (local.get $b2) (i64.const -1)) (local.get $b3))))
        (i64.store offset=16 (local.get $p) (i64.xor (local.get $b2) (i64.and (i64.xor (local.get $b3) (i64.const -1)) (local.get $b4))))
        (i64.store offset=24 (local.get $p) (i64.xor (local.get $b3) (i64.and (i64.xor (local.get $b4) (i64.const -1)) (local.get $b0))))
        (i64.store offset=32 (local.get $p) (i64.xor (local.get $b4) (i64.and (i64.xor (local.get $b0) (i64.const -1)) (local.get $b1))))
        (br_if $rows (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (i32.const 5))))
      ;; iota
      (i64.store (i32.const 512)
        (i64.xor (i64.load (i32.const 512)) (i64.load offset=1024 (i32.shl (local.get $round) (i32.const 3)))))
      (br_if $rounds (i32.lt_u (local.tee $round (i32.add (local.get $round) (i32.const 1))) (i32.const 24)))))

  ;; Keccak-256 (rate 136 bytes, padding 0x01 .. 0x80) of `len` bytes at `in`, into 32 bytes at `out`.
  (func $keccak256 (param $in i32) (param $len i32) (param $out i32) (local $i i32)
    (local.set $i (i32.const 0))
    (loop $clear
      (i64.store offset=512 (local.get $i) (i64.const 0))
      (br_if $clear (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.const 200))))
    (block $absorbed
      (loop $blocks
        (br_if $absorbed (i32.lt_u (local.get $len) (i32.const 136)))
        (local.set $i (i32.const 0))
        (loop $block
          (i64.store offset=512 (local.get $i)
            (i64.xor (i64.load offset=512 (local.get $i)) (i64.load (i32.add (local.get $in) (local.get $i)))))
          (br_if $block (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.const 136))))
        (call $keccak_f)
        (local.set $in (i32.add (local.get $in) (i32.const 136)))
        (local.set $len (i32.sub (local.get $len) (i32.const 136)))
        (br $blocks)))
    (local.set $i (i32.const 0))
    (block $rest_done
      (loop $rest
        (br_if $rest_done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 offset=512 (local.get $i)
          (i32.xor (i32.load8_u offset=512 (local.get $i)) (i32.load8_u (i32.add (local.get $in) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest)))
    (i32.store8 offset=512 (local.get $len) (i32.xor (i32.load8_u offset=512 (local.get $len)) (i32.const 0x01)))
    (i32.store8 (i32.const 647) (i32.xor (i32.load8_u (i32.const 647)) (i32.const 0x80)))
    (call $keccak_f)
    (i64.store (local.get $out) (i64.load (i32.const 512)))
    (i64.store offset=8 (local.get $out) (i64.load (i32.const 520)))
    (i64.store offset=16 (local.get $out) (i64.load (i32.const 528)))
    (i64.store offset=24 (local.get $out) (i64.load (i32.const 536))))

  (func $work (param $n i32) (result i64)
    (call $fill (i32.const 4096) (local.get $n))
    (call $keccak256 (i32.const 4096) (local.get $n) (i32.const 1344))
    (i64.load (i32.const 1344)))
