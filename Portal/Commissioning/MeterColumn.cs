namespace Portal.Commissioning;

/// <summary>
/// The columns of a meter sheet, in the documented order of a sheet without a header. The
/// names double as <see cref="CellError.Column"/> values and as resource keys ("Column.UnitId").
/// </summary>
public static class MeterColumn
{
    public const string Name = nameof(Name);
    public const string Model = nameof(Model);
    public const string CtRatio = nameof(CtRatio);
    public const string Serial = nameof(Serial);
    public const string Bus = nameof(Bus);
    public const string UnitId = nameof(UnitId);
    public const string Role = nameof(Role);
    public const string BillingPoint = nameof(BillingPoint);

    /// <summary>Name, model, CT ratio, serial, bus, unit id, role, billing point.</summary>
    public static IReadOnlyList<string> InOrder { get; } = [Name, Model, CtRatio, Serial, Bus, UnitId, Role, BillingPoint];
}
