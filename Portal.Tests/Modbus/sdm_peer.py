#!/usr/bin/python3
"""An independent Modbus peer for the gateway's tests: pymodbus 3.0 serving an SDM630-like table.

Unit 1 answers FC04 from 0x0000-0x017F with known floats (word order ABCD, written here with
struct, not with any library helper), and FC02 from 8 discrete inputs with DI_01 and DI_08 active
(a WP8024 relay module's inputs); its coils start off. Other units do not exist and are ignored (no answer),
as a meter that is absent from the bus. Reads beyond the table get exception 0x02.

  sdm_peer.py tcp            -> listens on 127.0.0.1:<free port>, prints "READY <port>"
  sdm_peer.py tcp6           -> the same on the IPv6 loopback ::1
  sdm_peer.py rtu /dev/pts/N -> RTU 9600 8N1 on that serial device, prints "READY"
"""
import asyncio
import logging
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer

logging.basicConfig(level=logging.CRITICAL)

VALUES = {
    0x0000: 230.0, 0x0002: 231.5, 0x0004: 229.25,
    0x0006: 4.5, 0x0008: 0.0, 0x000A: 1.25,
    0x000C: 1035.0, 0x000E: -1500.5, 0x0010: 287.5,
    0x0034: -178.0, 0x0046: 49.98,
    0x0048: 12345.678, 0x004A: 42.5,
    0x015A: 4000.25, 0x015C: 4100.0, 0x015E: 4245.428,
    0x0160: 10.0, 0x0162: 30.5, 0x0164: 2.0,
}


def table():
    words = [0] * 0x0180
    for address, value in VALUES.items():
        high, low = struct.unpack(">HH", struct.pack(">f", value))
        words[address] = high
        words[address + 1] = low
    return words


def context():
    meter = ModbusSlaveContext(ir=ModbusSequentialDataBlock(0, table()),
                               hr=ModbusSequentialDataBlock(0, [0] * 0x40),
                               di=ModbusSequentialDataBlock(0, [1, 0, 0, 0, 0, 0, 0, 1]),
                               co=ModbusSequentialDataBlock(0, [0] * 8), zero_mode=True)
    return ModbusServerContext(slaves={1: meter}, single=False)


async def serve_tcp(host):
    server = ModbusTcpServer(context(), address=(host, 0), allow_reuse_address=True,
                             ignore_missing_slaves=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await task


async def serve_rtu(device):
    server = ModbusSerialServer(context(), framer=ModbusRtuFramer, port=device, baudrate=9600,
                                bytesize=8, parity="N", stopbits=1, ignore_missing_slaves=True)
    await server.start()
    print("READY", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1] == "tcp":
        asyncio.run(serve_tcp("127.0.0.1"))
    elif sys.argv[1] == "tcp6":
        asyncio.run(serve_tcp("::1"))
    else:
        asyncio.run(serve_rtu(sys.argv[2]))
