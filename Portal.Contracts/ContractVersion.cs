namespace Portal.Contracts;

/// <summary>Versions of the portal-edge wire contract; every message carries one.</summary>
public static class ContractVersion
{
    public const int Current = 1;
}
