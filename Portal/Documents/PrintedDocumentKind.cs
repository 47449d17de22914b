namespace Portal.Documents;

/// <summary>
/// Every document the portal prints. A new document (an invoice, a resident's statement) is
/// added here first: the layout test then refuses to pass until it renders a long-names sample of
/// it in every language without one word touching another or leaving the margins.
/// </summary>
public enum PrintedDocumentKind
{
    /// <summary>Portal.Commissioning.CommissioningReport, downloaded by the installer.</summary>
    CommissioningReport,

    /// <summary>Portal.Billing.InvoiceDocument, issued by a billing run and downloaded by the resident.</summary>
    Invoice,
}
