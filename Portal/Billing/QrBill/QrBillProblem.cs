using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Billing;

/// <summary>The fields of a QR-bill a problem can be about; each has a label in SharedResource (key QrBill.Field.&lt;name&gt;).</summary>
public enum QrBillField
{
    Account,
    Amount,
    Reference,
    CreditorName,
    CreditorStreet,
    CreditorBuildingNumber,
    CreditorPostalCode,
    CreditorTown,
    CreditorCountry,
    DebtorName,
    DebtorStreet,
    DebtorBuildingNumber,
    DebtorPostalCode,
    DebtorTown,
    DebtorCountry,
    UnstructuredMessage,
    BillingInformation,
}

/// <summary>
/// One thing that keeps a QR-bill from being issued, as a resource key (QrBill.Problem.*) with its arguments: the
/// field's label is argument {0}, the rest follow. <see cref="Describe"/> turns it into the reader's language.
/// </summary>
public sealed record QrBillProblem(string Key, QrBillField Field, IReadOnlyList<object> Arguments)
{
    public string Describe(IStringLocalizer<SharedResource> text) =>
        text[Key, [text[$"QrBill.Field.{Field}"].Value, .. Arguments]].Value;

    public override string ToString() => $"{Key}({Field}: {string.Join(", ", Arguments)})";
}
