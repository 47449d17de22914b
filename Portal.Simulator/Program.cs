Console.WriteLine("Site simulator: arrives with issue 3.");
