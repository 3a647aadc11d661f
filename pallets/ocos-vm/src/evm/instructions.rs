//! The engine's instruction table: revm's, with every opcode that reaches the chain charged its
//! [`RuntimeCost`] before it acts, the opcodes that read accounts answered from the pallet's
//! state, and the opcodes the engine does not support failing cleanly.

use super::host::EvmHost;
use crate::{address, result::TrapKind, runtime_cost::RuntimeCost, Config, ContractInfoOf};
use revm_interpreter::{
	bytecode::opcode,
	instructions::{contract, host, utility::IntoAddress},
	interpreter::{resize_memory, EthInterpreter},
	interpreter_types::{ReturnData, RuntimeFlag},
	primitives::{B256, KECCAK_EMPTY, U256},
	Host, Instruction, InstructionContext, InstructionExecResult, InstructionResult, InstructionTable,
};
use sp_core::H160;

type Context<'c, 's, T> = InstructionContext<'c, EvmHost<'s, T>, EthInterpreter>;

/// The instruction table of a frame.
pub fn table<'s, T: Config>() -> InstructionTable<EthInterpreter, EvmHost<'s, T>> {
	let mut table = revm_interpreter::instruction_table::<EthInterpreter, EvmHost<'s, T>>();
	table[opcode::KECCAK256 as usize] = Instruction::new(keccak256);
	table[opcode::SLOAD as usize] = Instruction::new(sload);
	table[opcode::SSTORE as usize] = Instruction::new(sstore);
	table[opcode::LOG0 as usize] = Instruction::new(log::<0, T>);
	table[opcode::LOG1 as usize] = Instruction::new(log::<1, T>);
	table[opcode::LOG2 as usize] = Instruction::new(log::<2, T>);
	table[opcode::LOG3 as usize] = Instruction::new(log::<3, T>);
	table[opcode::LOG4 as usize] = Instruction::new(log::<4, T>);
	table[opcode::BALANCE as usize] = Instruction::new(balance);
	table[opcode::SELFBALANCE as usize] = Instruction::new(self_balance);
	table[opcode::EXTCODESIZE as usize] = Instruction::new(ext_code_size);
	table[opcode::EXTCODEHASH as usize] = Instruction::new(ext_code_hash);
	table[opcode::BLOCKHASH as usize] = Instruction::new(block_hash);
	table[opcode::TIMESTAMP as usize] = Instruction::new(timestamp);
	table[opcode::CALL as usize] = Instruction::new(call::<{ opcode::CALL }, T>);
	table[opcode::STATICCALL as usize] = Instruction::new(call::<{ opcode::STATICCALL }, T>);
	table[opcode::DELEGATECALL as usize] = Instruction::new(call::<{ opcode::DELEGATECALL }, T>);
	table[opcode::CREATE as usize] = Instruction::new(create::<3, T>);
	table[opcode::CREATE2 as usize] = Instruction::new(create::<4, T>);
	for unsupported in [opcode::CALLCODE, opcode::EXTCODECOPY, opcode::SELFDESTRUCT] {
		table[unsupported as usize] = Instruction::new(not_supported);
	}
	table
}

/// Charges `cost` on the frame before the instruction acts.
fn charge<T: Config>(ctx: &mut Context<'_, '_, T>, cost: RuntimeCost) -> InstructionExecResult {
	ctx.host.charge(&mut ctx.interpreter.gas, cost.weight::<T>())
}

/// Runs `instruction`, then ends the frame if the host failed where the interpreter could not
/// be told.
fn checked<'s, T: Config>(
	ctx: Context<'_, 's, T>,
	instruction: fn(Context<'_, 's, T>) -> InstructionExecResult,
) -> InstructionExecResult {
	let InstructionContext { interpreter, host } = ctx;
	instruction(InstructionContext { interpreter: &mut *interpreter, host: &mut *host })?;
	if host.failed() {
		return Err(InstructionResult::FatalExternalError);
	}
	Ok(())
}

/// The Keccak-256 hash of a range of memory, hashed by the host: revm's gas for the opcode and
/// the memory it touches, then the hashing.
fn keccak256<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	let offset = ctx.interpreter.stack.pop()?;
	let len = usize::try_from(ctx.interpreter.stack.pop()?).map_err(|_| InstructionResult::InvalidOperandOOG)?;
	if !ctx.interpreter.gas.record_regular_cost(ctx.host.gas_params().keccak256_cost(len)) {
		return Err(InstructionResult::OutOfGas);
	}
	if len == 0 {
		return push(&mut ctx, KECCAK_EMPTY.into());
	}
	let offset = usize::try_from(offset).map_err(|_| InstructionResult::InvalidOperandOOG)?;
	let interpreter = &mut *ctx.interpreter;
	resize_memory(&mut interpreter.gas, &mut interpreter.memory, ctx.host.gas_params(), offset, len)?;
	// The memory now holds `len` bytes, within the frame's memory limit of at most `u32::MAX`.
	charge(&mut ctx, RuntimeCost::Keccak256(len as u32))?;
	let hash = sp_io::hashing::keccak_256(&ctx.interpreter.memory.slice_len(offset, len));
	push(&mut ctx, U256::from_be_bytes(hash))
}

/// A 32-byte value is read and proved.
fn sload<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	charge(&mut ctx, RuntimeCost::StorageRead(32))?;
	host::sload(ctx)
}

/// The value a slot holds is read, then a 32-byte key's value written over one of 32 bytes or
/// removed.
fn sstore<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	charge(&mut ctx, RuntimeCost::SlotWrite)?;
	checked(ctx, host::sstore)
}

/// A log of `N` topics and its data, within the stack's and the block's limits.
fn log<const N: usize, T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	let len = u32::try_from(ctx.interpreter.stack.peek(1)?).unwrap_or(u32::MAX);
	match RuntimeCost::log(ctx.host.stack(), N as u32, len) {
		Ok(cost) => charge(&mut ctx, cost)?,
		Err(trap) => return Err(ctx.host.fail(trap)),
	}
	checked(ctx, host::log::<N, _>)
}

/// The balance of the account behind an address.
fn balance<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	let address = ctx.interpreter.stack.pop()?.into_address();
	charge(&mut ctx, RuntimeCost::Balance)?;
	let account = address::to_account::<T>(&H160(address.0 .0));
	push(&mut ctx, U256::from(balance_of::<T>(&account)))
}

/// The running contract's balance.
fn self_balance<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	charge(&mut ctx, RuntimeCost::Balance)?;
	let balance = balance_of::<T>(&ctx.host.frame().address);
	push(&mut ctx, U256::from(balance))
}

fn balance_of<T: Config>(account: &crate::AccountIdOf<T>) -> u128 {
	use frame_support::traits::fungible::Inspect;
	sp_runtime::SaturatedConversion::saturated_into(T::Currency::balance(account))
}

/// The code length of the contract at an address, of any engine; zero for an account that is
/// not a contract.
fn ext_code_size<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	let info = contract_info(&mut ctx)?;
	push(&mut ctx, U256::from(info.map_or(0, |info| info.shape.code_len)))
}

/// The hash under which the code of the contract at an address is stored (BLAKE2b-256, not
/// Keccak-256 as on Ethereum); zero for an account that is not a contract.
fn ext_code_hash<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	let info = contract_info(&mut ctx)?;
	let hash = info.map_or(B256::ZERO, |info| B256::from(info.code_hash.0));
	push(&mut ctx, U256::from_be_bytes(hash.0))
}

fn contract_info<T: Config>(
	ctx: &mut Context<'_, '_, T>,
) -> Result<Option<crate::storage::ContractInfo<T>>, InstructionResult> {
	let address = ctx.interpreter.stack.pop()?.into_address();
	charge(ctx, RuntimeCost::ContractInfo)?;
	Ok(ContractInfoOf::<T>::get(address::to_account::<T>(&H160(address.0 .0))))
}

/// The hash of one of the last 256 blocks.
fn block_hash<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	charge(&mut ctx, RuntimeCost::BlockHash)?;
	host::blockhash(ctx)
}

/// The block's time in seconds; the clock is read once per stack.
fn timestamp<T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	let cost = RuntimeCost::block_timestamp(ctx.host.stack());
	charge(&mut ctx, cost)?;
	let seconds = ctx.host.stack().block_timestamp() / 1000;
	push(&mut ctx, U256::from(seconds))
}

/// A call: the fixed part of a nested frame and its input are charged before revm's instruction
/// suspends the frame for [`EvmHost::call`].
fn call<const KIND: u8, T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	// CALL takes (gas, to, value, in offset, in len, ...), STATICCALL and DELEGATECALL (gas, to, in
	// offset, in len, ...).
	let input_len_at = if KIND == opcode::CALL { 4 } else { 3 };
	let input_len = u32::try_from(ctx.interpreter.stack.peek(input_len_at)?).unwrap_or(u32::MAX);
	let input_len = input_len.min(ctx.host.stack().limits().buffer_len);
	charge(&mut ctx, RuntimeCost::CallBase(input_len))?;
	contract::call::<KIND, _, _>(ctx)
}

/// `CREATE` (`ARGS` 3) and `CREATE2` (4) are not supported yet: they fail as a creation fails on
/// Ethereum, pushing the zero address.
fn create<const ARGS: usize, T: Config>(mut ctx: Context<'_, '_, T>) -> InstructionExecResult {
	if ctx.interpreter.runtime_flag.is_static() {
		return Err(InstructionResult::StateChangeDuringStaticCall);
	}
	for _ in 0..ARGS {
		ctx.interpreter.stack.pop()?;
	}
	ctx.interpreter.return_data.clear();
	push(&mut ctx, U256::ZERO)
}

/// An opcode the engine does not run: the frame traps with `NotSupported`.
fn not_supported<T: Config>(ctx: Context<'_, '_, T>) -> InstructionExecResult {
	Err(ctx.host.fail(TrapKind::NotSupported))
}

fn push<T: Config>(ctx: &mut Context<'_, '_, T>, value: U256) -> InstructionExecResult {
	if ctx.interpreter.stack.push(value) {
		Ok(())
	} else {
		Err(InstructionResult::StackOverflow)
	}
}
