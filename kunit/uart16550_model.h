/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uart16550_model.h - a software 16550A for the ntserial KUnit suites.
 *
 * The model holds the registers of one 8250/16450/16550/16550A and their
 * side effects: reading RBR pops the receive FIFO, reading LSR clears the
 * error bits, reading MSR clears the deltas, reading IIR clears a THRE
 * interrupt it reports, and so on.  The driver reaches it through its
 * uart_port serial_in/serial_out hooks; a test drives the "line side":
 * it injects received bytes (with PE/FE/BI attached to each), changes the
 * modem lines, lets the transmitter send its FIFO (m16550_tx_drain()) and
 * asks whether the interrupt line is asserted (m16550_irq_pending()).
 *
 * Every access is counted per register offset, every byte written to THR
 * is logged, and the transmit FIFO fill is tracked, so that a test can
 * check how many register accesses the driver made and that it never
 * wrote more than the FIFO holds.
 *
 * Locking: every function takes the model's raw spinlock, so the model may
 * be used from hard IRQ context (the driver's ISR), from DPCs and from the
 * test at the same time.  Fields are read by tests directly only while
 * the driver is quiescent, or through the accessors below.
 */
#ifndef _UART16550_MODEL_H
#define _UART16550_MODEL_H

#include <linux/spinlock.h>
#include <linux/types.h>

#define M16550_FIFO_SIZE	16
#define M16550_TX_LOG_SIZE	4096
#define M16550_NR_REGS		8

/**
 * enum m16550_type - which part the model behaves as.
 * @M16550_16550A: 16-byte FIFOs, IIR reads 0xc0 with the FIFO enabled.
 * @M16550_16550: the original 16550: IIR reads 0x80, FIFO unusable.
 * @M16550_16450: no FIFO (FCR is not there), scratch register present.
 * @M16550_8250: no FIFO and no scratch register.
 */
enum m16550_type {
	M16550_16550A,
	M16550_16550,
	M16550_16450,
	M16550_8250,
};

/**
 * struct m16550_rx_byte - one entry of the receive FIFO.
 * @ch: the character.
 * @err: its UART_LSR_PE/FE/BI bits, reported in LSR while it is at the
 *	head of the FIFO and cleared once LSR has been read.
 */
struct m16550_rx_byte {
	u8 ch;
	u8 err;
};

/**
 * struct m16550 - the model.
 * @lock: protects everything below.
 * @type: the part modelled.
 * @bus_value: if >= 0, every read returns this value and writes are lost
 *	(0xff: no UART there; 0x00: a stuck bus).
 * @stuck_iir: if >= 0, IIR reads this value whenever any interrupt is
 *	enabled, whatever the driver reads or writes: a source that never
 *	clears (an interrupt storm).  With IER 0 the UART is quiet, unless
 *	@stuck_masked.
 * @stuck_masked: @stuck_iir is read even with IER 0: a UART whose
 *	interrupt cannot be masked either.
 * @broken_loopback: MSR does not follow MCR in loopback mode.
 * @lose_thre: the transmitter sets LSR.THRE when it drains but never
 *	raises the THRE interrupt (a lost interrupt).
 * @thre_enable_erratum: enabling the THRE interrupt with THR empty does
 *	not raise it (the UART_BUG_THRE parts 8250 works around).
 * @tx_instant: the transmitter sends each byte as it is written, as
 *	QEMU's 16550 on a socket does: THR is empty again at once.
 * @ier: interrupt enable register (low 4 bits).
 * @lcr: line control register.
 * @mcr: modem control register (low 5 bits).
 * @fcr: last value written to FCR, without the self-clearing bits.
 * @scr: scratch register.
 * @dll: divisor latch, low byte.
 * @dlm: divisor latch, high byte.
 * @lines: modem inputs (UART_MSR_CTS/DSR/RI/DCD) driven by the test.
 * @msr_delta: MSR delta bits not yet read.
 * @oe: overrun seen, not yet reported by an LSR read.
 * @thre_int: THRE interrupt pending.
 * @timeout: character timeout condition set by the test.
 * @rx: the receive FIFO, a ring of @rx_count bytes from @rx_head.
 * @rx_head: index of the oldest byte.
 * @rx_count: bytes in the receive FIFO.
 * @tx_fill: bytes written to THR since the transmitter last drained.
 * @tx_max_fill: largest @tx_fill seen.
 * @tx_overflows: THR writes made with the transmit FIFO already full.
 * @tx_log: every byte written to THR outside loopback, in order.
 * @tx_len: bytes written to THR outside loopback (may exceed the log).
 * @loop_bytes: bytes written to THR in loopback mode.
 * @tx_clears: FCR writes that cleared the transmit FIFO.
 * @rx_clears: FCR writes that cleared the receive FIFO.
 * @reads: reads per register offset (DLL/DLM count as 0/1).
 * @writes: writes per register offset.
 */
struct m16550 {
	raw_spinlock_t lock;
	enum m16550_type type;
	int bus_value;
	int stuck_iir;
	bool stuck_masked;
	bool broken_loopback;
	bool lose_thre;
	bool thre_enable_erratum;
	bool tx_instant;
	u8 ier;
	u8 lcr;
	u8 mcr;
	u8 fcr;
	u8 scr;
	u8 dll;
	u8 dlm;
	u8 lines;
	u8 msr_delta;
	bool oe;
	bool thre_int;
	bool timeout;
	struct m16550_rx_byte rx[M16550_FIFO_SIZE];
	unsigned int rx_head;
	unsigned int rx_count;
	unsigned int tx_fill;
	unsigned int tx_max_fill;
	unsigned int tx_overflows;
	u8 tx_log[M16550_TX_LOG_SIZE];
	unsigned int tx_len;
	unsigned int loop_bytes;
	unsigned int tx_clears;
	unsigned int rx_clears;
	unsigned int reads[M16550_NR_REGS];
	unsigned int writes[M16550_NR_REGS];
};

void m16550_init(struct m16550 *m, enum m16550_type type);
u8 m16550_read(struct m16550 *m, unsigned int offset);
void m16550_write(struct m16550 *m, unsigned int offset, u8 value);
unsigned int m16550_rx_inject(struct m16550 *m, const u8 *buf,
			      unsigned int n, u8 err);
void m16550_rx_timeout(struct m16550 *m);
void m16550_repeat_thre(struct m16550 *m);
void m16550_set_lines(struct m16550 *m, u8 lines);
unsigned int m16550_tx_drain(struct m16550 *m);
u8 m16550_iir_peek(struct m16550 *m);
bool m16550_irq_pending(struct m16550 *m);
void m16550_reset_counts(struct m16550 *m);
unsigned int m16550_rx_level(struct m16550 *m);
unsigned int m16550_divisor(struct m16550 *m);

#endif /* _UART16550_MODEL_H */
