namespace Portal.Localization;

/// <summary>Marker for the UI texts in SharedResource.resx (English), .fr.resx and .de.resx.</summary>
public sealed class SharedResource;
