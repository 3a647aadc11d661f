//! The engines alone, with no chain around them: wasmi 2 without and with fuel metering, and
//! wasmtime (the compiling ceiling). Each instantiates a bare module once and then times its
//! `run(n)` export.

/// wasmi 2 running a bare module.
pub struct Wasmi {
	store: wasmi::Store<()>,
	run: wasmi::TypedFunc<i32, i64>,
	fuel: bool,
}

impl Wasmi {
	/// Instantiates `wasm`, metering fuel when `fuel` is set (as OCOS-VM does).
	pub fn new(wasm: &[u8], fuel: bool) -> Self {
		let mut config = wasmi::Config::default();
		config.consume_fuel(fuel);
		let engine = wasmi::Engine::new(&config);
		let module = wasmi::Module::new(&engine, wasm).expect("a workload is valid wasm");
		let mut store = wasmi::Store::new(&engine, ());
		let instance = wasmi::Linker::new(&engine)
			.instantiate_and_start(&mut store, &module)
			.expect("a bare workload instantiates");
		let run = instance.get_typed_func::<i32, i64>(&store, "run").expect("a bare workload exports run");
		Self { store, run, fuel }
	}

	/// Runs `run(n)`, with all the fuel it may need.
	pub fn run(&mut self, n: u32) -> i64 {
		if self.fuel {
			self.store.set_fuel(u64::MAX).expect("fuel metering is on");
		}
		self.run.call(&mut self.store, n as i32).expect("a workload runs")
	}
}

/// wasmtime (Cranelift) running a bare module.
pub struct Wasmtime {
	store: wasmtime::Store<()>,
	run: wasmtime::TypedFunc<i32, i64>,
}

impl Wasmtime {
	/// Compiles and instantiates `wasm`.
	pub fn new(wasm: &[u8]) -> Self {
		let engine = wasmtime::Engine::default();
		let module = wasmtime::Module::new(&engine, wasm).expect("a workload compiles");
		let mut store = wasmtime::Store::new(&engine, ());
		let instance = wasmtime::Instance::new(&mut store, &module, &[]).expect("a bare workload instantiates");
		let run = instance.get_typed_func::<i32, i64>(&mut store, "run").expect("a bare workload exports run");
		Self { store, run }
	}

	/// Runs `run(n)`.
	pub fn run(&mut self, n: u32) -> i64 {
		self.run.call(&mut self.store, n as i32).expect("a workload runs")
	}
}
