using BenchmarkDotNet.Attributes;
using Portal.Documents;

namespace Portal.Benchmarks;

/// <summary>How long a 300-meter commissioning list takes to print: the largest document an installer asks for.</summary>
[MemoryDiagnoser]
public class DocumentBenchmarks
{
    private readonly PdfSharpRenderer _renderer = new();
    private PrintedDocument _meterList = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rows = Enumerable.Range(1, 300)
            .Select(i => (IReadOnlyList<string>)[$"Apartment {i / 10}.{i % 10}", "SDM630", $"{i % 32 + 1}", $"{20_000_000 + i}", $"{i * 12.5m:0.0}"])
            .ToList();
        _meterList = new PrintedDocument("Commissioning report", [new Table([new("Meter"), new("Model"), new("Unit id", CellAlignment.Right), new("Serial", CellAlignment.Right), new("kWh", CellAlignment.Right)], rows)]);
    }

    [Benchmark]
    public int Render_300_meter_list() => _renderer.Render(_meterList).Length;
}
