using Portal.Modbus;
using Portal.Modbus.Meters;

namespace Portal.Tests.Modbus;

public sealed class MeterPlanningTests
{
    [Fact]
    public void Planner_reads_the_SDM630_map_in_two_blocks_of_at_most_80_registers()
    {
        var plan = ReadPlanner.Plan(MeterModels.Sdm630);

        Assert.Equal([new RegisterBlock(0x0000, 80), new RegisterBlock(0x0156, 40)], plan);
    }

    [Fact]
    public void Planner_gives_the_SDM630MCT_the_same_plan()
    {
        Assert.Equal(ReadPlanner.Plan(MeterModels.Sdm630), ReadPlanner.Plan(MeterModels.Sdm630Mct));
    }

    [Fact]
    public void Planner_splits_a_contiguous_run_longer_than_the_meter_limit()
    {
        var registers = Enumerable.Range(0, 50).Select(i => new MeterRegister(MeterQuantity.VoltageL1, (ushort)(i * 2), "V")).ToList();
        var map = new MeterRegisterMap("Test", registers, MaxRegistersPerRead: 80, MaxGapToReadThrough: 0);

        var plan = ReadPlanner.Plan(map);

        Assert.Equal([new RegisterBlock(0, 80), new RegisterBlock(80, 20)], plan);
    }

    [Fact]
    public void Planner_starts_a_new_block_when_the_gap_is_wider_than_worth_reading_through()
    {
        var map = new MeterRegisterMap("Test",
            [new(MeterQuantity.VoltageL1, 0, "V"), new(MeterQuantity.Frequency, 10, "Hz"), new(MeterQuantity.ImportEnergyTotal, 40, "kWh")],
            MaxRegistersPerRead: 80, MaxGapToReadThrough: 10);

        Assert.Equal([new RegisterBlock(0, 12), new RegisterBlock(40, 2)], ReadPlanner.Plan(map));
    }

    [Fact]
    public void Model_lookup_ignores_case_and_knows_nothing_it_was_not_told()
    {
        Assert.Same(MeterModels.Sdm630Mct, MeterModels.Find("sdm630mct"));
        Assert.Null(MeterModels.Find("SDM72"));
    }

    [Fact]
    public void Decoder_maps_each_quantity_from_its_block_offset()
    {
        var low = new ushort[80];
        var high = new ushort[40];
        RegisterWords.WriteFloat32(230.0f, low, 0x0000);
        RegisterWords.WriteFloat32(231.5f, low, 0x0004);
        RegisterWords.WriteFloat32(-2000f, low, 0x000C);
        RegisterWords.WriteFloat32(-5400f, low, 0x0034);
        RegisterWords.WriteFloat32(49.98f, low, 0x0046);
        RegisterWords.WriteFloat32(1234.567f, low, 0x0048);
        RegisterWords.WriteFloat32(89.5f, low, 0x004A);
        RegisterWords.WriteFloat32(400.25f, high, 0x015A - 0x0156);
        RegisterWords.WriteFloat32(30f, high, 0x0164 - 0x0156);
        RegisterWords.WriteFloat32(float.NaN, low, 0x0006);
        var at = new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero);

        var reading = MeterDecoder.Decode("m1", MeterModels.Sdm630, at,
            [(new RegisterBlock(0x0000, 80), low), (new RegisterBlock(0x0156, 40), high)]);

        Assert.Equal(230.0, reading.Voltage.L1);
        Assert.Equal(231.5, reading.Voltage.L3);
        Assert.Null(reading.Current.L1);
        Assert.Equal(-2000.0, reading.ActivePower.L1);
        Assert.Equal(-5400.0, reading.ActivePowerTotal);
        Assert.Equal(49.98, reading.Frequency!.Value, 4);
        Assert.Equal(1234.567m, reading.ImportEnergyKWh);
        Assert.Equal(89.5m, reading.ExportEnergyKWh);
        Assert.Equal(400.25m, reading.ImportEnergyKWhPerPhase.L1);
        Assert.Equal(30m, reading.ExportEnergyKWhPerPhase.L3);
        Assert.Equal(at, reading.ReadAt);
        Assert.Equal("SDM630", reading.Model);
    }

    [Fact]
    public void Decoder_refuses_a_negative_or_NaN_energy_counter()
    {
        var low = new ushort[80];
        RegisterWords.WriteFloat32(-1f, low, 0x0048);
        RegisterWords.WriteFloat32(float.NaN, low, 0x004A);

        var reading = MeterDecoder.Decode("m1", MeterModels.Sdm630, DateTimeOffset.UnixEpoch, [(new RegisterBlock(0, 80), low)]);

        Assert.Null(reading.ImportEnergyKWh);
        Assert.Null(reading.ExportEnergyKWh);
        Assert.Null(reading.ImportEnergyKWhPerPhase.L1);
    }
}
