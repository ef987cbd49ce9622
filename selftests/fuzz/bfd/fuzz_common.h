/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Input format shared by the BFD fuzz target and its seed generator.
 *
 * byte 0: configuration of session A: bits 0-2 auth type (6, 7 -> none),
 *	   bit 3 passive, bit 4 remote AdminDown is a failure
 * then records, each an op byte and its operands:
 *	OP_RX	 len, len bytes: a UDP payload received by A
 *	OP_TX	 A's TX timer fires (a packet sent goes to B)
 *	OP_DET	 A's detection timer fires
 *	OP_PEER	 B's TX timer fires (its packet goes to A)
 *	OP_PARAM 4 bytes TX, 4 bytes RX (big endian, microseconds), 1 mult
 *	OP_ADMIN 1 byte: A enters (odd) or leaves (even) AdminDown
 *	OP_PDET	 B's detection timer fires
 *	OP_AUTH	 1 byte: A's key becomes (type = byte % 6) with the same bytes
 * B is a well-behaved peer with the same key, so inputs can reach Up.
 */
#ifndef BFD_FUZZ_COMMON_H
#define BFD_FUZZ_COMMON_H

#define FUZZ_DISCR_A	0x01020304u
#define FUZZ_DISCR_B	0x0a0b0c0du
#define FUZZ_KEY_ID	7
#define FUZZ_KEY	"dcvif-fuzz-key-0123!"	/* 20 bytes */

enum {
	OP_RX, OP_TX, OP_DET, OP_PEER, OP_PARAM, OP_ADMIN, OP_PDET, OP_AUTH,
	OP_MAX
};

static const unsigned char fuzz_key_len[] = { 0, 16, 16, 11, 20, 13 };

#endif
