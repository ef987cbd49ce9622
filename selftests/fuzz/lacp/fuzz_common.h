/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Input format shared by the LACP fuzz target and its seed generator.
 *
 * Two systems, A (under test) and B (well behaved), two ports each,
 * A's port i cabled to B's port i; the virtual clock starts at 1000 ms.
 *
 * byte 0: bit 0 A active, bit 1 A fast, bit 2 B active, bit 3 B fast,
 *	   bit 4 B's port 1 has another key (another LAG of B)
 * then records, each an op byte (taken modulo OP_MAX) and its operands:
 *	OP_RX	 port, len, len bytes: a frame's payload received by A's port
 *	OP_TIME	 2 bytes (big endian): run every timer for that many ms
 *	OP_LATE	 2 bytes: the clock jumps that far, then A's and B's
 *		 timers run once (a caller whose timer fired late)
 *	OP_LINK	 port, up (bit 0): carrier of the cable, both ends
 *	OP_MODE	 port, bits: A's port gets active (bit 0) and fast (bit 1)
 *	OP_MUTE	 port, bit 0: LACPDUs from B's port are lost (or not)
 *	OP_MUT	 port, offset, xor: B's port sends an LACPDU with one byte
 *		 of its encoding flipped (offset modulo LACP_PDU_LEN)
 */
#ifndef LACP_FUZZ_COMMON_H
#define LACP_FUZZ_COMMON_H

#define FUZZ_PORTS	2

enum {
	OP_RX, OP_TIME, OP_LATE, OP_LINK, OP_MODE, OP_MUTE, OP_MUT,
	OP_MAX
};

#endif
