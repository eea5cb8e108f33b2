"""The scripts of an organisation deployment, shipped in the wheel as `wellbeing.deploy`."""
