namespace Portal.Billing.Tariffs;

/// <summary>The kinds of line on a resident's invoice whose label the owner may change (INV-05).</summary>
public enum InvoiceLineKind
{
    SolarEnergy,
    GridEnergyHt,
    GridEnergyNt,
    MeteringFee,
    BillingFee,
    CommonElectricity,
}
