using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Billing;
using Portal.Tests.Support;

namespace Portal.Tests.Billing;

/// <summary>
/// Our QR-bill text against an implementation no one here wrote: the npm package swissqrbill 4.4.1 (peers/, installed
/// by ./portal.sh test with npm ci) builds its text from the same bill data; the two must be equal, character for character.
/// </summary>
public sealed class SwissQrBillPeerTests
{
    private static readonly string Peers = Path.Combine(RepositoryPaths.Root, "peers");

    public static TheoryData<string> Bills() => ["QR-11 worked example", "QR reference", "no amount, no debtor", "no reference"];

    [Theory]
    [MemberData(nameof(Bills))]
    public async Task QR05_swissqrbill_builds_the_same_text_from_the_same_bill(string which)
    {
        var bill = which switch
        {
            "QR-11 worked example" => QrBillSamples.WorkedExample,
            "QR reference" => QrBillSamples.QrReferenceBill,
            "no amount, no debtor" => QrBillSamples.WorkedExample with { Amount = null, Debtor = null, BillingInformation = null, UnstructuredMessage = null },
            _ => QrBillSamples.WorkedExample with { Reference = PaymentReference.None, Creditor = QrBillSamples.Creditor with { Country = "LI", PostalCode = "9490", Town = "Vaduz" }, Currency = QrBillCurrency.EUR },
        };

        var theirs = await SwissQrBillTextAsync(bill);

        Assert.Equal(QrBillPayload.Text(bill), theirs);
    }

    /// <summary>The bill as swissqrbill's Data (IBAN and reference without spaces, structured addresses).</summary>
    private static JsonObject Data(QrBill bill)
    {
        static JsonObject Address(StructuredAddress a) => new()
        {
            ["name"] = a.Name,
            ["address"] = a.Street ?? "",
            ["buildingNumber"] = a.BuildingNumber,
            ["zip"] = a.PostalCode,
            ["city"] = a.Town,
            ["country"] = a.Country,
        };

        var creditor = Address(bill.Creditor);
        creditor["account"] = bill.Account;
        var data = new JsonObject { ["creditor"] = creditor, ["currency"] = bill.Currency.ToString() };
        if (bill.Amount is { } amount)
        {
            data["amount"] = amount;
        }

        if (bill.Debtor is { } debtor)
        {
            data["debtor"] = Address(debtor);
        }

        if (bill.Reference.Type != PaymentReferenceType.None)
        {
            data["reference"] = bill.Reference.Value;
        }

        if (bill.UnstructuredMessage is { } message)
        {
            data["message"] = message;
        }

        if (bill.BillingInformation is { } billing)
        {
            data["additionalInformation"] = billing;
        }

        return data;
    }

    private static async Task<string> SwissQrBillTextAsync(QrBill bill)
    {
        Assert.True(
            File.Exists(Path.Combine(Peers, "node_modules", "swissqrbill", "package.json")),
            "swissqrbill is not installed in peers/: ./portal.sh test runs npm ci there (or run it by hand).");
        var start = new ProcessStartInfo("node", ["swissqrbill-text.mjs"])
        {
            WorkingDirectory = Peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(Data(bill).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"swissqrbill refused the bill: {error}");
        return await output;
    }
}
