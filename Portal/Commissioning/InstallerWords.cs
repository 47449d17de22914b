using System.Globalization;
using System.Text;
using Portal.Sites;

namespace Portal.Commissioning;

/// <summary>
/// What installers type for column names and meter roles, in English, French and German,
/// compared after folding case, accents, spaces and punctuation ("Rôle" = "role", "Wärme-Pumpe" = "waermepumpe").
/// </summary>
internal static class InstallerWords
{
    private static readonly Dictionary<string, string> Columns = Build(new Dictionary<string, string[]>
    {
        [MeterColumn.Name] = ["name", "nom", "bezeichnung", "designation", "meter", "metername", "compteur", "nomducompteur", "zahler", "zaehler", "zahlername"],
        [MeterColumn.Model] = ["model", "modele", "modell", "type", "typ", "metermodel", "zahlertyp"],
        [MeterColumn.CtRatio] = ["ctratio", "ct", "rapporttc", "tc", "rapportdetransformation", "rapportdestc", "wandlerverhaltnis", "wandlerverhaeltnis", "wandler", "stromwandler", "ratio"],
        [MeterColumn.Serial] = ["serial", "serialnumber", "serialno", "sn", "numerodeserie", "nodeserie", "serie", "seriennummer", "seriennr"],
        [MeterColumn.Bus] = ["bus", "converter", "convertisseur", "konverter", "umsetzer", "segment", "rs485"],
        [MeterColumn.UnitId] = ["unitid", "unit", "address", "modbusaddress", "modbusid", "slaveid", "adresse", "adressemodbus", "modbusadresse", "idmodbus"],
        [MeterColumn.Role] = ["role", "rolle", "function", "fonction", "funktion"],
        [MeterColumn.BillingPoint] = ["billingpoint", "billing", "billingpointname", "consumerlabel", "label", "pointdefacturation", "facturation", "pointfacturation", "abrechnungspunkt", "abrechnung", "abrechnungsstelle", "verrechnung", "verrechnungspunkt", "bezugsort"],
    });

    private static readonly Dictionary<string, MeterRole> Roles = BuildRoles(new Dictionary<MeterRole, string[]>
    {
        [MeterRole.GridIntroduction] = ["introduction", "grid", "gridintroduction", "gridconnection", "intro", "mainmeter", "introductionreseau", "introductionaureseau", "compteurdintroduction", "einspeisepunkt", "netzanschluss", "hausanschluss", "einfuhrung", "einfuehrung", "netzeinspeisung", "hauptzahler", "netzanschlusseinspeisepunkt"],
        [MeterRole.Consumer] = ["consumer", "consumption", "consommateur", "consommation", "verbraucher", "verbrauch", "bezuger"],
        [MeterRole.CommonArea] = ["commonarea", "commonareas", "common", "communs", "partiescommunes", "partiecommune", "servicesgeneraux", "allgemein", "allgemeinstrom", "allgemeinteile", "allgemeinflachen"],
        [MeterRole.PvProduction] = ["pv", "pvproduction", "production", "solar", "photovoltaic", "photovoltaique", "productionpv", "solaire", "pvanlage", "photovoltaik", "produktion", "pvproduktion", "erzeugung", "solaranlage"],
        [MeterRole.Battery] = ["battery", "batterie", "stockage", "speicher", "akku", "batteriespeicher"],
        [MeterRole.HeatPump] = ["heatpump", "hp", "pac", "pompeachaleur", "warmepumpe", "waermepumpe", "wp"],
        [MeterRole.EvCharging] = ["evcharging", "ev", "charging", "chargingstation", "evcharger", "borne", "bornederecharge", "recharge", "rechargeve", "ladestation", "eladestation", "laden", "elektromobilitat", "emobility", "wallbox"],
        [MeterRole.Other] = ["other", "autre", "autres", "andere", "sonstige", "divers"],
    });

    /// <summary>The column a header cell names, or null.</summary>
    public static string? Column(string headerCell) => Columns.GetValueOrDefault(Fold(headerCell));

    /// <summary>The role a cell names (any language, or the enum name), or null.</summary>
    public static MeterRole? Role(string cell) => Roles.TryGetValue(Fold(cell), out var role) ? role : null;

    /// <summary>Lower case, no accents, letters and digits only.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c == 'ß')
            {
                builder.Append("ss");
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> Build(Dictionary<string, string[]> words)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, names) in words)
        {
            map[Fold(column)] = column;
            foreach (var name in names)
            {
                map[name] = column;
            }
        }

        return map;
    }

    private static Dictionary<string, MeterRole> BuildRoles(Dictionary<MeterRole, string[]> words)
    {
        var map = new Dictionary<string, MeterRole>(StringComparer.Ordinal);
        foreach (var (role, names) in words)
        {
            map[Fold(role.ToString())] = role;
            foreach (var name in names)
            {
                map[name] = role;
            }
        }

        return map;
    }

    /// <summary>Whole number in the invariant culture, tolerating spaces around it.</summary>
    public static bool TryWholeNumber(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
