;; An empty call: the cost of the call path alone.
  (func $deploy)
  (func $main)
